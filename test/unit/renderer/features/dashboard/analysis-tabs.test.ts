import { describe, expect, it } from 'vitest';
import { ANALYSIS_TABS, defaultPair, neighbourTab } from '../../../../../renderer/features/dashboard/analysis-tabs';

describe('analysis tabs', () => {
  it('moves between tabs with the arrow keys, wrapping, and jumps with Home and End', () => {
    expect(neighbourTab('history', 'ArrowRight')).toBe('parallel');
    expect(neighbourTab('history', 'ArrowLeft')).toBe('contour');
    expect(neighbourTab('contour', 'ArrowRight')).toBe('history');
    expect(neighbourTab('slices', 'Home')).toBe(ANALYSIS_TABS[0]);
    expect(neighbourTab('slices', 'End')).toBe('contour');
    expect(neighbourTab('slices', 'a')).toBeNull();
  });

  it('pairs the two most important parameters unless the user picked others', () => {
    const names = ['lr', 'layers', 'dropout'];
    expect(defaultPair(names, ['dropout', 'lr'], [null, null])).toEqual(['dropout', 'lr']);
    expect(defaultPair(names, [], [null, null])).toEqual(['lr', 'layers']);
    expect(defaultPair(names, ['dropout', 'lr'], ['layers', null])).toEqual(['layers', 'dropout']);
    expect(defaultPair(names, ['dropout', 'lr'], ['layers', 'layers'])).toEqual(['layers', 'dropout']);
    expect(defaultPair(names, [], ['gone', 'lr'])).toEqual(['lr', 'layers']);
    expect(defaultPair(['lr'], [], [null, null])).toBeNull();
  });
});
