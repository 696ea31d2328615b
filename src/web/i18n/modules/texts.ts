/** The shape a translation must have: the same keys as the English object, every leaf a string. */
export type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };
