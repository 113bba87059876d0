import type { CoordinateIndex } from './types';

/** What an index is, as its listings and manifests name it: its encoder, gallery and shape. */
export interface IndexFacts {
  encoderId: string;
  encoderRevision: string;
  gallerySource: string;
  count: number;
  dim: number;
  element: CoordinateIndex['embeddings']['element'];
  createdAt: string;
}

export function indexFacts(index: CoordinateIndex): IndexFacts {
  const { encoderId, encoderRevision, gallerySource, createdAt } = index.meta;
  return { encoderId, encoderRevision, gallerySource, count: index.count, dim: index.dim, element: index.embeddings.element, createdAt };
}
