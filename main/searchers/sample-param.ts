// The sampling maths moved to shared/ so the editor's histogram preview draws exactly what the
// searchers draw; the searchers keep importing it from here.
export { defaultValue, paramToUnit, sampleParam } from '../../shared/sample-param';
