import { useEffect, useImperativeHandle, useRef, type PointerEvent, type Ref } from 'react';
import { mnistDigitFromRgba } from '@mnist-lab/ml/spec';
import { ImageCanvas } from '../../components/ImageCanvas';

/** Drawn at 10x MNIST's 28 px, with a stroke that downsamples to MNIST's pen width. */
const SIZE = 280;
const STROKE_WIDTH = 22;

export interface DrawingPadHandle {
  clear(): void;
  /** The drawing as an MNIST-style 28x28 image (784 ints 0..255), or null when it is empty. */
  mnistPixels(): number[] | null;
}

interface DrawingPadProps {
  ref: Ref<DrawingPadHandle>;
  /** Called when a stroke ends (pointer lifted). */
  onStrokeEnd: () => void;
}

/** White ink on black, drawn with a mouse, a finger or a pen (pointer events). */
export function DrawingPad({ ref, onStrokeEnd }: DrawingPadProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);

  const context = () => canvas.current?.getContext('2d', { willReadFrequently: true }) ?? null;
  const clear = () => {
    const ctx = context();
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, SIZE, SIZE);
  };

  useEffect(clear, []);
  useImperativeHandle(ref, () => ({
    clear,
    mnistPixels() {
      const ctx = context();
      const digit = ctx ? mnistDigitFromRgba(ctx.getImageData(0, 0, SIZE, SIZE).data, SIZE, SIZE) : null;
      return digit ? Array.from(digit.pixels) : null;
    },
  }));

  const toCanvas = (event: { clientX: number; clientY: number }) => {
    const rect = canvas.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return { x: 0, y: 0 };
    return { x: ((event.clientX - rect.left) * SIZE) / rect.width, y: ((event.clientY - rect.top) * SIZE) / rect.height };
  };

  const strokeTo = (to: { x: number; y: number }) => {
    const ctx = context();
    const from = last.current ?? to;
    if (!ctx) return;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = STROKE_WIDTH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    last.current = to;
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    last.current = null;
    strokeTo(toCanvas(event));
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!event.currentTarget.hasPointerCapture(event.pointerId)) return;
    const events = event.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const point of events.length > 0 ? events : [event.nativeEvent]) strokeTo(toCanvas(point));
  };
  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!event.currentTarget.hasPointerCapture(event.pointerId)) return;
    event.currentTarget.releasePointerCapture(event.pointerId);
    last.current = null;
    onStrokeEnd();
  };

  return (
    <ImageCanvas
      ref={canvas}
      className="draw-canvas"
      side={SIZE}
      label="Drawing area: draw one digit with the mouse, a finger or a pen"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    />
  );
}
