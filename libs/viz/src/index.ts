export * from './colormap';
export * from './raster';
export * from './confusion-matrix';
export * from './digits';
export * from './evaluation-views';
