export * from './surface';
export * from './describe';
export * from './words';
