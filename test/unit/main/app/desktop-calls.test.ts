import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handleDesktopCall, type NativeDialogs } from '../../../../main/app/desktop-calls';

/** Native dialogs cannot open here; these answer as a person would, and record what they were asked. */
function dialogs(answers: { folder?: string | null; saveTo?: string | null; file?: string | null; database?: string | null } = {}) {
  const asked: unknown[] = [];
  const native: NativeDialogs = {
    chooseFolder: (title, defaultPath) => {
      asked.push({ dialog: 'folder', title, defaultPath });
      return Promise.resolve(answers.folder ?? null);
    },
    chooseSaveTarget: (defaultPath, extension) => {
      asked.push({ dialog: 'save', defaultPath, extension });
      return Promise.resolve(answers.saveTo ?? null);
    },
    chooseExperimentFile: () => {
      asked.push({ dialog: 'file' });
      return Promise.resolve(answers.file ?? null);
    },
    chooseDatabaseFile: () => {
      asked.push({ dialog: 'database' });
      return Promise.resolve(answers.database ?? null);
    },
  };
  return { native, asked };
}

const downloadsDir = path.join(os.tmpdir(), 'Downloads');

describe('desktop calls (native dialogs at the receiving edge)', () => {
  it('choose-folder returns the chosen folder, or null when cancelled; only an absolute start folder is passed on', async () => {
    const chosen = dialogs({ folder: '/home/me/project' });
    expect(await handleDesktopCall('choose-folder', { title: 'Base folder', defaultPath: '/home/me' }, { dialogs: chosen.native, downloadsDir })).toEqual({ ok: true, value: '/home/me/project' });
    expect(chosen.asked).toEqual([{ dialog: 'folder', title: 'Base folder', defaultPath: '/home/me' }]);
    const cancelled = dialogs();
    expect(await handleDesktopCall('choose-folder', { title: 'Base folder', defaultPath: 'relative/path' }, { dialogs: cancelled.native, downloadsDir })).toEqual({ ok: true, value: null });
    expect(cancelled.asked).toEqual([{ dialog: 'folder', title: 'Base folder', defaultPath: undefined }]);
  });

  it('save-file writes the content where the person chose, suggesting Downloads/<name>', async () => {
    const target = path.join(mkdtempSync(path.join(os.tmpdir(), 'tundra-save-')), 'best.yaml');
    const save = dialogs({ saveTo: target });
    const reply = await handleDesktopCall('save-file', { suggestedName: 'best.yaml', content: 'lr: 0.01\n' }, { dialogs: save.native, downloadsDir });
    expect(reply).toEqual({ ok: true, value: { path: target } });
    expect(readFileSync(target, 'utf8')).toBe('lr: 0.01\n');
    expect(save.asked).toEqual([{ dialog: 'save', defaultPath: path.join(downloadsDir, 'best.yaml'), extension: 'yaml' }]);
    expect(await handleDesktopCall('save-file', { suggestedName: 'best.yaml', content: 'x' }, { dialogs: dialogs().native, downloadsDir })).toEqual({ ok: true, value: null });
  });

  it('a save that cannot be written is an io-error naming the path', async () => {
    const target = path.join(os.tmpdir(), 'no-such-folder-for-tundra', 'deeper', 'best.yaml');
    const reply = await handleDesktopCall('save-file', { suggestedName: 'best.yaml', content: 'x' }, { dialogs: dialogs({ saveTo: target }).native, downloadsDir });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('io-error');
      expect(reply.error.message).toContain(target);
    }
  });

  it('refuses a file name with a folder in it before any dialog opens, naming the field', async () => {
    for (const suggestedName of ['../../.bashrc', 'a/b.yaml', 'C:\\x.csv', '..', '']) {
      const save = dialogs({ saveTo: '/tmp/never' });
      const reply = await handleDesktopCall('save-file', { suggestedName, content: 'x' }, { dialogs: save.native, downloadsDir });
      expect(reply.ok, suggestedName).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('invalid-arguments');
        expect(reply.error.issues?.[0]?.path).toBe('suggestedName');
      }
      expect(save.asked).toEqual([]);
    }
  });

  it('refuses unknown calls, extra fields and wrong types', async () => {
    const { native, asked } = dialogs();
    const unknown = await handleDesktopCall('run-shell', {}, { dialogs: native, downloadsDir });
    expect(unknown.ok ? null : unknown.error.code).toBe('unknown-channel');
    const extra = await handleDesktopCall('choose-folder', { title: 'x', properties: ['openFile'] }, { dialogs: native, downloadsDir });
    expect(extra.ok ? null : extra.error.message).toMatch(/Invalid arguments for choose-folder/);
    const wrongType = await handleDesktopCall('save-file', { suggestedName: 'a.csv', content: 42 }, { dialogs: native, downloadsDir });
    expect(wrongType.ok ? null : wrongType.error.issues?.[0]?.path).toBe('content');
    expect(asked).toEqual([]);
  });

  it('open-experiment-file returns the picked file', async () => {
    const { native } = dialogs({ file: '/home/me/project/experiment.yaml' });
    expect(await handleDesktopCall('open-experiment-file', {}, { dialogs: native, downloadsDir })).toEqual({ ok: true, value: '/home/me/project/experiment.yaml' });
  });

  it('open-database-file returns the picked file, or null when cancelled; it takes no arguments', async () => {
    const { native, asked } = dialogs({ database: '/home/me/tuning/other.db' });
    expect(await handleDesktopCall('open-database-file', {}, { dialogs: native, downloadsDir })).toEqual({ ok: true, value: '/home/me/tuning/other.db' });
    expect(asked).toEqual([{ dialog: 'database' }]);
    const refused = await handleDesktopCall('open-database-file', { path: '/etc/passwd' }, { dialogs: native, downloadsDir });
    expect(refused.ok).toBe(false);
    expect(asked).toHaveLength(1);
    const cancelled = dialogs();
    expect(await handleDesktopCall('open-database-file', {}, { dialogs: cancelled.native, downloadsDir })).toEqual({ ok: true, value: null });
  });
});
