// The matcher is pure, so it lives in shared/ where the editor's live pattern tester runs the very
// same code on pasted output; the scheduler keeps importing it from here.
export {
  compileMetricPatterns,
  MAX_MATCHED_LINE_LENGTH,
  parseMetricNumber,
  type MetricLineReport,
  type MetricPatternMatcher,
} from '../../shared/metric-matcher';
