// Public entry points of the early-warning model for the CLI and the web app.
export { runBacktest, DESIGN, type BacktestReport, type BacktestOptions, type EvaluationBlock, type GroupRow } from './backtest.js';
export { writeBacktestReport, metricsTable, allBlocks, ablationTable, featureGroupTable, backtestMarkdown, backtestHtml, scorerTable, groupTable, rocTable, rocChart, calibrationChart, calibrationTable } from './report.js';
export { saveModel, loadModel, retrainModel } from './modelStore.js';
export { loadDatasets } from './dataset.js';
export { trainModel, trainSelectedModel, scoreSchool, type RiskModel, type RiskModelFile, type SchoolRisk } from '../domain/risk/model.js';
export { computeFeatures, FEATURES } from '../domain/risk/features.js';
export { ALL_SCHOOLS, PORTABLE_FEATURES, FEATURE_GROUPS, type FeatureGroupSpec } from './forwardAll.js';
