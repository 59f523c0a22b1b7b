import { createContext } from 'react';
import type { DesktopBridge } from '../../shared/desktop';
import type { Commands } from '../api/commands';
import type { TransportKind } from '../api/transport';
import type { AppStore } from './store';

/** What main.tsx hands to the component tree; read only through hooks.ts. */
export interface AppServices {
  readonly store: AppStore;
  readonly commands: Commands;
  readonly transportKind: TransportKind;
  /** Native dialogs, only inside the desktop app. */
  readonly desktop: DesktopBridge | null;
}

export const AppServicesContext = createContext<AppServices | null>(null);
