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
  /**
   * A native "open file" dialog for a database file (the desktop app), resolving to an absolute
   * path or null when cancelled. Absent in a browser, where the path is typed.
   */
  readonly pickDatabaseFile?: () => Promise<string | null>;
  /** Native dialogs, only inside the desktop app. */
  readonly desktop: DesktopBridge | null;
}

export const AppServicesContext = createContext<AppServices | null>(null);
