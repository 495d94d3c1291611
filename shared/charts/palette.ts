/**
 * One palette for every chart and status, from Okabe & Ito's colour-blind-safe set: left/right legs are
 * blue/vermillion (distinguishable in all three common colour-vision deficiencies), and every series also
 * differs by line style, symbol or ECharts' decal pattern, so nothing is told by colour alone.
 */
export const palette = {
  left: '#0072B2',
  right: '#D55E00',
  band: '#56B4E9',
  threshold: '#CC79A7',
  guide: '#E69F00',
  injury: '#000000',
  neutral: '#666666',
  text: '#1a1a1a',
  grid: '#e3e3e3',
} as const;

export type StatusLevel = 'green' | 'amber' | 'red';

/** A status is a word and an icon as well as a colour. */
export const levelStyle: Record<StatusLevel, { word: string; icon: string; color: string }> = {
  green: { word: 'Green', icon: '✓', color: '#007A5A' },
  amber: { word: 'Amber', icon: '▲', color: '#8A5700' },
  red: { word: 'Red', icon: '■', color: '#B23A00' },
};

export const sideName = { left: 'Left', right: 'Right' } as const;
