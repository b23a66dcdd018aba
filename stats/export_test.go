package stats

// BatchSize is batchSize for the external tests.
const BatchSize = batchSize
