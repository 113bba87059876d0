import type { Restriction } from '../../bridge/types';
import type { PlaceConstraint } from '../../core/reason/constraints';
import { formatCount } from '../format';

/** One line for the map: what the constraints in force (stated facts, a region) left of the index search. */
export function restrictionText(restriction: Restriction | null, constraints: readonly PlaceConstraint[]): string {
  if (!restriction || constraints.length === 0) return '';
  const total = restriction.kept + restriction.dropped.total;
  const facts = constraints.map((c) => c.label).join('; ');
  const skipped = restriction.notApplied.length > 0 ? ` Not checked against the index (no offline data for it): ${restriction.notApplied.join('; ')}.` : '';
  return `Search restricted (${facts}): ${formatCount(restriction.kept)} of ${formatCount(total)} index places left; ${formatCount(restriction.dropped.total)} were left out of the search.${skipped}`;
}
