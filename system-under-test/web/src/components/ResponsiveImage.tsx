/** One format of an image at several widths: `[url, width]` pairs, smallest first. */
export type Widths = readonly (readonly [url: string, width: number])[];

export interface ResponsiveImageProps {
  avif: Widths;
  webp: Widths;
  /** For browsers with neither AVIF nor WebP (JPEG or PNG). */
  fallback: Widths;
  /** Intrinsic size: the box is reserved before a byte arrives (no layout shift). */
  width: number;
  height: number;
  /** How wide the image is shown, per viewport: the browser picks the smallest width that is sharp. */
  sizes: string;
  alt: string;
  /** `eager` and `high` for an image in the first view; the defaults suit anything below it. */
  loading?: 'eager' | 'lazy';
  fetchPriority?: 'high' | 'low' | 'auto';
  className?: string;
}

const srcSet = (widths: Widths) => widths.map(([url, w]) => `${url} ${w}w`).join(', ');

/** The standards' image optimisation without a framework: modern formats first, the right width, explicit size. */
export function ResponsiveImage({ avif, webp, fallback, width, height, sizes, alt, loading = 'lazy', fetchPriority = 'auto', className }: ResponsiveImageProps) {
  return (
    <picture className={className}>
      <source type="image/avif" srcSet={srcSet(avif)} sizes={sizes} />
      <source type="image/webp" srcSet={srcSet(webp)} sizes={sizes} />
      <img src={fallback[0][0]} srcSet={srcSet(fallback)} sizes={sizes} width={width} height={height} alt={alt} loading={loading} decoding="async" fetchPriority={fetchPriority} />
    </picture>
  );
}
