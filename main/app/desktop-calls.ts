import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DESKTOP_CALLS, desktopArgs, isDesktopCall, type DesktopCall, type DesktopResults } from '../../shared/desktop';
import { assertNever, fail, ok, type FieldIssue, type Result } from '../../shared/result';

/**
 * The native dialogs behind `window.tundra.desktop`, at the receiving edge: the call is checked
 * against the closed set and its arguments parsed by their schema (shared/desktop.ts) before any
 * dialog opens. The dialogs themselves are given (Electron's in main/app/main.ts), so everything
 * but the native window is tested here; the file is written for real.
 */

export interface NativeDialogs {
  /** An existing folder, or null when cancelled. */
  chooseFolder(title: string, defaultPath: string | undefined): Promise<string | null>;
  /** Where to save, or null when cancelled. */
  chooseSaveTarget(defaultPath: string, extension: string): Promise<string | null>;
  /** An existing YAML file, or null when cancelled. */
  chooseExperimentFile(): Promise<string | null>;
  /** A database file, existing or to be created, or null when cancelled. */
  chooseDatabaseFile(): Promise<string | null>;
}

export interface DesktopCallContext {
  readonly dialogs: NativeDialogs;
  /** Where a save dialog opens: the user's Downloads folder. */
  readonly downloadsDir: string;
}

type Reply = Result<DesktopResults[DesktopCall]>;

export async function handleDesktopCall(call: unknown, args: unknown, context: DesktopCallContext): Promise<Reply> {
  if (!isDesktopCall(call)) return fail('unknown-channel', `Unknown desktop call ${JSON.stringify(call)}; the calls are ${DESKTOP_CALLS.join(', ')}.`);
  switch (call) {
    case 'choose-folder': {
      const parsed = desktopArgs[call].safeParse(args);
      if (!parsed.success) return invalid(call, parsed.error.issues);
      const { title, defaultPath } = parsed.data;
      // Only an absolute start folder is passed on: a relative one would be relative to wherever the app started.
      const start = defaultPath !== undefined && path.isAbsolute(defaultPath) ? defaultPath : undefined;
      return ok(await context.dialogs.chooseFolder(title, start));
    }
    case 'save-file': {
      const parsed = desktopArgs[call].safeParse(args);
      if (!parsed.success) return invalid(call, parsed.error.issues);
      const { suggestedName, content } = parsed.data;
      const target = await context.dialogs.chooseSaveTarget(path.join(context.downloadsDir, suggestedName), path.extname(suggestedName).slice(1));
      if (target === null) return ok(null);
      try {
        await writeFile(target, content, 'utf8');
      } catch (error) {
        return fail('io-error', `Could not save ${target}: ${error instanceof Error ? error.message : String(error)}`);
      }
      return ok({ path: target });
    }
    case 'open-experiment-file': {
      const parsed = desktopArgs[call].safeParse(args ?? {});
      if (!parsed.success) return invalid(call, parsed.error.issues);
      return ok(await context.dialogs.chooseExperimentFile());
    }
    case 'open-database-file': {
      const parsed = desktopArgs[call].safeParse(args ?? {});
      if (!parsed.success) return invalid(call, parsed.error.issues);
      return ok(await context.dialogs.chooseDatabaseFile());
    }
    default:
      return assertNever(call);
  }
}

function invalid(call: DesktopCall, issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): Reply {
  const fields: FieldIssue[] = issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(arguments)', message: issue.message }));
  const summary = fields.map((field) => `${field.path} ${field.message}`).join('; ');
  return fail('invalid-arguments', `Invalid arguments for ${call}: ${summary}`, fields);
}
