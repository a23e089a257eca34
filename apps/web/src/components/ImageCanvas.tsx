import type { ComponentProps } from 'react';

type ImageCanvasProps = { side: number; label: string } & Omit<ComponentProps<'canvas'>, 'width' | 'height' | 'role' | 'aria-label'>;

/** A square canvas that assistive technology reads as one picture, described by `label`. */
export function ImageCanvas({ side, label, ...canvas }: ImageCanvasProps) {
  return <canvas {...canvas} width={side} height={side} role="img" aria-label={label} />;
}
