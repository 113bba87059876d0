import type { ConstraintMask, PlaceConstraint } from '../reason/constraints';

/**
 * A restriction that leaves no gallery place is an error to show, never an empty answer. Returns
 * the message, or null when some place is left.
 */
export function emptyRestriction(mask: Pick<ConstraintMask, 'kept'>, constraints: readonly PlaceConstraint[]): string | null {
  if (mask.kept > 0) return null;
  const what = constraints.map((c) => c.label).join('; ');
  return constraints.length === 1
    ? `No place in the index lies in this region (${what}). Choose a larger region, or add a denser grid for it.`
    : `No place in the index fits all of these at once: ${what}. Undo one of them.`;
}
