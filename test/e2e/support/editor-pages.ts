import { expect, type Locator, type Page } from '@playwright/test';

/** The experiment form beside the YAML (features/editor), located by role and label. */
export class ExperimentFormPanel {
  readonly form: Locator;
  readonly yaml: Locator;
  readonly baseFolder: Locator;
  readonly waiting: Locator;
  readonly space: SpaceEditorPanel;

  constructor(readonly page: Page) {
    this.form = page.getByRole('region', { name: 'Experiment form' });
    this.yaml = page.getByLabel('Experiment file (YAML)');
    this.baseFolder = page.getByLabel('Base folder');
    this.waiting = this.form.getByRole('alert').filter({ hasText: 'The form waits until the YAML parses' });
    this.space = new SpaceEditorPanel(page, this.form.getByRole('region', { name: 'Search space' }));
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  argument(index: number): Locator {
    return this.form.getByLabel(index === 0 ? 'Argument 0 (program)' : `Argument ${index}`, { exact: true });
  }

  /** Types the argv one box at a time, pressing Enter for the next box as a person would. */
  async writeCommand(args: readonly string[]): Promise<void> {
    await this.form.getByRole('button', { name: 'Add argument' }).click();
    for (const [index, arg] of args.entries()) {
      await expect(this.argument(index)).toBeFocused();
      await this.argument(index).fill(arg);
      if (index < args.length - 1) await this.argument(index).press('Enter');
    }
  }

  /** The GPUs section: the detected devices' checkboxes and what it says without GPUs. */
  get gpus(): GpuSectionPanel {
    return new GpuSectionPanel(this.form.getByRole('group', { name: 'GPUs' }));
  }

  /** The argv a trial gets, as the preview lists it. */
  previewArgv(): Locator {
    return this.form.getByRole('list', { name: 'Trial argv' }).getByRole('listitem');
  }

  async yamlText(): Promise<string> {
    return this.yaml.inputValue();
  }
}

export class SpaceEditorPanel {
  readonly rows: Locator;

  constructor(
    readonly page: Page,
    readonly section: Locator,
  ) {
    this.rows = section.getByRole('list', { name: 'Parameters' }).getByRole('group');
  }

  row(name: string): ParamRowPanel {
    return new ParamRowPanel(this.section.getByRole('group', { name: `Parameter ${name}`, exact: true }));
  }

  async add(): Promise<void> {
    await this.section.getByRole('button', { name: 'Add parameter' }).click();
  }

  async names(): Promise<string[]> {
    return this.rows.evaluateAll((groups) => groups.map((group) => (group.querySelector('input') as HTMLInputElement).value));
  }
}

export class ParamRowPanel {
  constructor(readonly root: Locator) {}

  input(label: 'Name' | 'Low' | 'High' | 'Step' | 'Default' | 'Choices' | 'Value' | 'is'): Locator {
    return this.root.getByLabel(label, { exact: true });
  }

  select(label: 'Type' | 'Scale' | 'Only when'): Locator {
    return this.root.getByLabel(label, { exact: true });
  }

  button(action: 'Move up' | 'Move down' | 'Duplicate' | 'Delete'): Locator {
    // `Move lr up`, `Duplicate lr`: the row's name is part of each button's name.
    const name = action === 'Move up' ? /^Move .+ up$/ : action === 'Move down' ? /^Move .+ down$/ : new RegExp(`^${action} `);
    return this.root.getByRole('button', { name });
  }

  get issues(): Locator {
    return this.root.getByRole('listitem');
  }

  get histogram(): Locator {
    return this.root.getByRole('img', { name: /draws of/ });
  }
}

export class GpuSectionPanel {
  readonly devices: Locator;

  constructor(readonly section: Locator) {
    this.devices = section.getByRole('list', { name: 'Detected GPUs' }).getByRole('listitem');
  }

  /** The checkbox of one detected GPU, named by its index and model: `GPU 1 · NVIDIA GeForce RTX 3090`. */
  device(index: number): Locator {
    return this.section.getByRole('checkbox', { name: new RegExp(`^GPU ${index} · `) });
  }

  field(label: 'GPUs per trial' | 'Trials per GPU' | 'Memory per trial (MiB)'): Locator {
    return this.section.getByLabel(label, { exact: true });
  }
}
