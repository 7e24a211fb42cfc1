import { lowerName } from '../lower/lower';
export const upperName = 'upper';
export const describeBoth = (): string => `${upperName} over ${lowerName}`;
