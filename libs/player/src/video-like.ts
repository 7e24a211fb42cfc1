/** The part of an HTMLVideoElement the player uses (structural, so the library needs no DOM types). */
export interface VideoLike {
  src: string;
  canPlayType(type: string): string;
  addEventListener(type: 'error', listener: () => void): void;
  removeEventListener(type: 'error', listener: () => void): void;
  removeAttribute(name: 'src'): void;
  load(): void;
  play(): Promise<void> | void;
}
