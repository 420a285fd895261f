// A share as people read it: the percentage with its numerator and denominator, 45.0%（9/20）, or
// 样本过少（1/4） when the denominator is below min_denominator (the value is not shown: it misleads).
// The formatting lives in src/format.ts, the one formatting module; these names stay for their callers.
export { nText, shareWithN as shownValue, type ShownValue } from '../format.js';
