import { z } from 'zod';
import type { Result } from './result';

/**
 * What only the desktop app adds to the page: app commands pushed from the native menu and from
 * notifications, and native dialogs (choose a folder, save a file). The closed sets and the
 * argument schemas live here so that main (which sends and answers), the preload (which forwards)
 * and the renderer (which acts) all check the same thing. The browser has none of this: the
 * renderer reaches the same commands through keyboard shortcuts and falls back to a text field
 * and a download.
 */

const id = z.number().int().positive();

/** The controls the Experiment menu offers for the experiment on screen (as the dashboard's buttons). */
export const MENU_EXPERIMENT_CONTROLS = ['start', 'pause', 'freeze', 'resume', 'stop'] as const;
export type MenuExperimentControl = (typeof MENU_EXPERIMENT_CONTROLS)[number];

/**
 * An app command: what a menu item, a keyboard shortcut or a clicked notification asks the page to
 * do. `open-experiment-file` carries a path the native open dialog returned, on this machine.
 */
export const appCommandSchema = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('new-experiment') }),
  z.strictObject({ command: z.literal('import') }),
  z.strictObject({ command: z.literal('open-experiment-file'), path: z.string().min(1).max(4096) }),
  z.strictObject({ command: z.literal('experiment-control'), control: z.enum(MENU_EXPERIMENT_CONTROLS) }),
  z.strictObject({ command: z.literal('show-experiment'), experimentId: id }),
  z.strictObject({ command: z.literal('show-trial'), experimentId: id, trialId: id }),
]);
export type AppCommand = z.infer<typeof appCommandSchema>;
export type AppCommandName = AppCommand['command'];

/** The command, or null for anything that is not one (a compromised or confused sender). */
export function parseAppCommand(value: unknown): AppCommand | null {
  const parsed = appCommandSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Exports can be a CSV of every trial: generous, but bounded so a page cannot fill the disk in one call. */
export const MAX_SAVED_FILE_CHARS = 64 * 1024 * 1024;

/** A file name with no folder in it and nothing a file system refuses or treats specially. */
const fileName = z
  .string()
  .min(1, 'give a file name, e.g. best.yaml')
  .max(255, 'is longer than 255 characters')
  .refine((name) => !/[\\/:*?"<>|]/.test(name) && ![...name].some((char) => char.charCodeAt(0) < 0x20), { message: 'must be a plain file name, without folders or any of \\ / : * ? " < > |' })
  .refine((name) => name !== '.' && name !== '..', { message: 'must be a file name, not . or ..' });

/** The native dialogs' arguments, checked in main (the receiving edge) and in the preload. */
export const desktopArgs = {
  'choose-folder': z.strictObject({
    /** The dialog's title, e.g. "Base folder". */
    title: z.string().min(1).max(200),
    /** Where the dialog opens; ignored unless it is an absolute path. */
    defaultPath: z.string().max(4096).optional(),
  }),
  'save-file': z.strictObject({
    suggestedName: fileName,
    content: z.string().max(MAX_SAVED_FILE_CHARS, `is larger than ${MAX_SAVED_FILE_CHARS / 1024 / 1024} MiB`),
  }),
  /** The native open dialog for an experiment file; its path goes to the editor. */
  'open-experiment-file': z.strictObject({}),
  /** The native dialog for a database file to open (an existing one, or a new name to create). */
  'open-database-file': z.strictObject({}),
} as const;

export type DesktopCall = keyof typeof desktopArgs;
export const DESKTOP_CALLS = Object.keys(desktopArgs) as DesktopCall[];
export type DesktopArgs<K extends DesktopCall> = z.input<(typeof desktopArgs)[K]>;

export function isDesktopCall(value: unknown): value is DesktopCall {
  return typeof value === 'string' && Object.hasOwn(desktopArgs, value);
}

/** What each dialog returns: null when the person cancelled it. */
export interface DesktopResults {
  'choose-folder': string | null;
  'save-file': { readonly path: string } | null;
  'open-experiment-file': string | null;
  'open-database-file': string | null;
}

/**
 * The desktop capability as the renderer sees it on `window.tundra.desktop`: present only inside the
 * desktop app. Replies are result envelopes, never exceptions.
 */
export interface DesktopBridge {
  chooseFolder(args: DesktopArgs<'choose-folder'>): Promise<Result<DesktopResults['choose-folder']>>;
  saveFile(args: DesktopArgs<'save-file'>): Promise<Result<DesktopResults['save-file']>>;
  openExperimentFile(): Promise<Result<DesktopResults['open-experiment-file']>>;
  openDatabaseFile(): Promise<Result<DesktopResults['open-database-file']>>;
  /** App commands from the native menu and clicked notifications; returns the unsubscribe. */
  onCommand(listener: (command: AppCommand) => void): () => void;
}
