export { renderTraceSvg } from './svg.ts';
export { renderTracePng, drawTrace } from './raster.ts';
export { traceLayout, type TraceLayout } from './layout.ts';
export { encodePng, PNG_SIGNATURE } from './png.ts';
export { DEFAULT_COLORS, type RepMarker, type TracePlotInput, type TracePlotOptions } from './types.ts';
