import { describe, expect, it } from 'vitest';
import { resultColorscale } from '../../../../renderer/charts/analysis-layout';
import { DARK_CHART_THEME, LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import { COLOR_BANDS } from '../../../../renderer/charts/parallel-coordinates-figure';

/** WCAG contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((at) => {
      const value = parseInt(hex.slice(at, at + 2), 16) / 255;
      return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

// The card surfaces the charts are drawn on (--surface in styles/app.css).
const LIGHT_SURFACE = '#ffffff';
const DARK_SURFACE = '#1a1d23';

describe('chart themes', () => {
  it('text reads well on its surface in both themes', () => {
    expect(contrast(LIGHT_CHART_THEME.text, LIGHT_SURFACE)).toBeGreaterThan(7);
    expect(contrast(DARK_CHART_THEME.text, DARK_SURFACE)).toBeGreaterThan(7);
    expect(contrast(LIGHT_CHART_THEME.mutedText, LIGHT_SURFACE)).toBeGreaterThan(4.5);
    expect(contrast(DARK_CHART_THEME.mutedText, DARK_SURFACE)).toBeGreaterThan(4.5);
  });

  it('every trial colour and every step of the result scale stands out from the dark surface', () => {
    for (const colour of [...DARK_CHART_THEME.colorway, ...DARK_CHART_THEME.resultScale]) expect(contrast(colour, DARK_SURFACE), colour).toBeGreaterThan(2);
    // Viridis's darkest stop would all but vanish there; the dark theme's scale starts higher.
    expect(contrast('#440154', DARK_SURFACE)).toBeLessThan(1.5);
  });

  it('the result scale has one stop per colour band and becomes an even Plotly colour scale', () => {
    for (const theme of [LIGHT_CHART_THEME, DARK_CHART_THEME]) {
      expect(theme.resultScale).toHaveLength(COLOR_BANDS);
      const scale = resultColorscale(theme);
      expect(scale[0]).toEqual([0, theme.resultScale[0]]);
      expect(scale.at(-1)).toEqual([1, theme.resultScale.at(-1)]);
    }
  });
});
