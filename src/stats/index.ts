// The statistics sample and metrics use: exact binomial bounds and attribute sample sizes.
export * from './beta.js';
export * from './binomial.js';
export * from './attribute.js';
