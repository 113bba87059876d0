export * from './surface';
export * from './describe';
