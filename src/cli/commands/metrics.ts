import { parseLocationCsv } from '../../core/geo/location-csv';
import { comparePredictions, type ComparisonSummary } from '../../core/geo/metrics';
import { parseOptions, required } from '../main';
import { readText } from '../files';

export function metricsJson(summary: ComparisonSummary) {
  return {
    accuracy_percent: summary.accuracyPercent,
    geoscore_mean: summary.geoScoreMean,
    geoscore_median: summary.geoScoreMedian,
    median_km: summary.medianKm,
    matched: summary.matched,
    missing: summary.missing,
    extra: summary.extra,
  };
}

export function printMetrics(summary: ComparisonSummary, json: boolean): void {
  const figures = metricsJson(summary);
  if (json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  for (const [name, percent] of Object.entries(figures.accuracy_percent)) process.stdout.write(`${name.padEnd(10)} ${percent.toFixed(2)}%\n`);
  process.stdout.write(`GeoScore   mean ${figures.geoscore_mean?.toFixed(1) ?? '-'}  median ${figures.geoscore_median?.toFixed(1) ?? '-'}\n`);
  process.stdout.write(`median     ${figures.median_km?.toFixed(1) ?? '-'} km\n`);
  process.stdout.write(`rows       ${figures.matched} matched, ${figures.missing} missing, ${figures.extra} extra\n`);
}

export async function metrics(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { pred: { type: 'string' }, truth: { type: 'string' }, json: { type: 'boolean' } });
  const predictions = parseLocationCsv(readText(required(values.pred, '--pred'), 'Prediction file'));
  const truth = parseLocationCsv(readText(required(values.truth, '--truth'), 'Ground-truth file'));
  printMetrics(comparePredictions(predictions, truth), values.json ?? false);
  return 0;
}
