/**
 * The words of a light, apart from the tracker that decides it, so the percentage formatter
 * (percent.ts) and the tracker (progress.ts) both read them without importing each other.
 */
export type Light = 'green' | 'yellow' | 'red' | 'grey';

interface LightBoundary {
  from: number;
  inclusive: boolean;
}

/** The bundle's `lights` group: a light is at least yellow or green from these completion rates. */
export interface LightBoundaries {
  green: LightBoundary;
  yellow: LightBoundary;
}
