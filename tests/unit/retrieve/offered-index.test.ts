import { describe, expect, test } from 'vitest';
import { downloadMismatch, offerMismatch, parseOfferedIndex, type OfferedIndex } from '../../../src/core/retrieve/offered-index';

const offer: OfferedIndex = {
  file: 'whereabouts-index.wbx',
  size: 1000,
  sha256: 'ab'.repeat(32),
  encoderId: 'Xenova/geoclip-large-patch14',
  encoderRevision: 'ae27bf552f1bdbfce265b813f5c2901aea336d37',
  gallerySource: 'geoclip-gallery-100K',
  count: 100_000,
  dim: 512,
  element: 'int8',
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('offered index manifest', () => {
  test('reads a well-formed manifest and refuses the rest', () => {
    expect(parseOfferedIndex(JSON.stringify(offer))).toEqual(offer);
    expect(parseOfferedIndex('not json')).toBeNull();
    expect(parseOfferedIndex(JSON.stringify({ ...offer, sha256: 'short' }))).toBeNull();
    expect(parseOfferedIndex(JSON.stringify({ ...offer, file: '../../etc/passwd.wbx' }))).toBeNull();
    expect(parseOfferedIndex(JSON.stringify({ ...offer, size: -1 }))).toBeNull();
  });

  test('says why an offer does not fit the loaded encoder or the downloaded bytes', () => {
    const encoder = { id: offer.encoderId, revision: offer.encoderRevision, dim: 512 };
    expect(offerMismatch(offer, encoder)).toBeNull();
    expect(offerMismatch(offer, { ...encoder, revision: 'main' })).toContain('revision ae27bf552f1bdbfce265b813f5c2901aea336d37');
    expect(offerMismatch(offer, { ...encoder, dim: 32 })).toContain('512-dimensional');
    expect(downloadMismatch(offer, 1000, offer.sha256)).toBeNull();
    expect(downloadMismatch(offer, 999, offer.sha256)).toContain('999 bytes');
    expect(downloadMismatch(offer, 1000, 'cd'.repeat(32))).toContain('SHA-256');
  });
});
