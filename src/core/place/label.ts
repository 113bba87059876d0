import { countryByCode } from '../reason/countries';
import type { PlaceName } from './types';

/** Within this distance a point is "in" its nearest settlement (the metrics' city threshold). */
export const IN_CITY_KM = 25;

/**
 * One line for a place: "Lyon, Auvergne-Rhône-Alpes, France"; away from any settlement
 * "Auvergne-Rhône-Alpes, France, 31 km from Lyon"; at sea "Open water, 340 km from Nuku'alofa, Tonga".
 */
export function placeLabel(place: PlaceName): string {
  const { city } = place;
  const away = city ? `${Math.round(city.km)} km from ${city.name}` : null;
  if (place.country === null) {
    const cityCountry = city ? (countryByCode(city.countryCode)?.name ?? city.countryCode) : null;
    return city ? `Open water or unclaimed land, ${away}, ${cityCountry}` : 'Open water or unclaimed land';
  }
  const region = place.region !== null && place.region !== city?.name ? place.region : null;
  const inCity = city !== null && city.km <= IN_CITY_KM && city.countryCode === place.countryCode;
  const parts = [inCity ? city.name : null, region, place.country].filter((part): part is string => part !== null);
  if (!inCity && away !== null) parts.push(away);
  return parts.join(', ');
}
