import { describe, expect, it } from 'vitest';
import { LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import { buildLearningCurves, HIGHLIGHTED_CURVES } from '../../../../renderer/charts/learning-curves-figure';
import { niceTicks, previewAxes, previewLines } from '../../../../renderer/charts/preview-chart';
import { trial } from '../fixtures';

describe('preview chart', () => {
  it('takes the learning curves figure as Plotly gets it: the envelope band filled between its edges, each trial in its colour and dash', () => {
    const count = 200;
    const trials = Array.from({ length: count }, (_, i) => trial({ id: i + 1, number: i + 1, state: i === 0 ? 'stopped' : 'completed', value: i / 10 }));
    const series = trials.map((_, i) => Array.from({ length: 20 }, (__, step) => ({ step, value: 1 + i / 100 - step / 40 })));
    const figure = buildLearningCurves({
      trials, series, metric: 'val_loss', logScale: false, bestTrialId: 1, paramOrder: [], theme: LIGHT_CHART_THEME, revision: 'r', webGlAvailable: false, objectiveMode: 'min',
    });
    const lines = previewLines(figure.data);
    expect(lines).toHaveLength(figure.data.length);
    // The envelope: its upper edge, then its lower edge filled up to it, then the median.
    expect(lines[0]!.fillToPrevious).toBeNull();
    expect(lines[1]!.fillToPrevious).toMatch(/^rgba\(/);
    expect(lines[2]!.dash).toEqual([2, 3]);
    const trialsDrawn = lines.slice(3);
    expect(trialsDrawn).toHaveLength(HIGHLIGHTED_CURVES);
    // The best trial (stopped: dashed) last, thickest.
    expect(trialsDrawn[trialsDrawn.length - 1]).toMatchObject({ width: 3.5, dash: [6, 4], opacity: 1 });
    expect(trialsDrawn[0]!.x).toHaveLength(20);
  });

  it('leaves out traces that are not lines and draws a one-point trace as a marker', () => {
    const lines = previewLines([
      { type: 'bar', x: [1], y: [1] },
      { type: 'scatter', mode: 'markers', x: [3], y: [0.5], marker: { color: '#123456', size: 8 } },
      { type: 'scattergl', mode: 'lines', x: [1, 2], y: [1, 2], line: { color: '#abcdef' }, visible: 'legendonly' },
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ markers: true, color: '#123456', markerSize: 8, visible: true });
    expect(lines[1]).toMatchObject({ color: '#abcdef', visible: false });
  });

  it('puts ticks on round steps (1, 2 or 5 times a power of ten) across the range', () => {
    expect(niceTicks(0, 99, 10)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(niceTicks(0.05, 2.3, 5)).toEqual([0.5, 1, 1.5, 2]);
    expect(niceTicks(-0.03, 0.31, 4)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });

  it('spans the finite points of visible lines; on a log axis only positive ones, in decades', () => {
    const lines = previewLines([
      { type: 'scatter', x: [0, 10, 20], y: [1, Number.NaN, 0.001] },
      { type: 'scatter', x: [0, 500], y: [-5, 100], visible: 'legendonly' },
    ]);
    const linear = previewAxes(lines, { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'a &lt;b&gt;' } } })!;
    expect([linear.x.min, linear.x.max]).toEqual([0, 20]);
    expect(linear.y.min).toBeLessThan(0.001);
    expect(linear.y.max).toBeGreaterThan(1);
    expect(linear.y.title).toBe('a <b>');
    const log = previewAxes(lines, { yaxis: { type: 'log' } })!;
    expect(log.y.log).toBe(true);
    // log10 of 0.001 and 1, with a little room: ticks at 0.001, 0.01, 0.1 and 1.
    expect(log.y.ticks).toEqual([-3, -2, -1, 0]);
    expect(previewAxes(previewLines([{ type: 'scatter', x: [1], y: [Number.NaN] }]), {})).toBeNull();
  });
});
