// Series colours for charts, read from the theme's CSS variables (--chart-1 … --chart-5).
export function seriesColor(i: number): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(`--chart-${(i % 5) + 1}`);
  return v.trim() || '#2563eb';
}

/** The colour with an alpha, for interval bands. */
export function translucent(color: string, alpha = 0.25): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (!hex?.[1]) return color;
  const n = parseInt(hex[1], 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** The theme's text colour, for marks that read as ink (interval whiskers). */
export function inkColor(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--text').trim() || '#1b1f24';
}
