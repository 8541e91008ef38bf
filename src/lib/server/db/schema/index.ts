export * from './core';
export * from './sync';
export * from './surveys';
export * from './cycles';
export * from './results';
export * from './reports';
