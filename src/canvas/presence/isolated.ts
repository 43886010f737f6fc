/**
 * A person's name for text that cannot hold a <bdi> (a title, read out as a tooltip): between the
 * Unicode isolates, a right-to-left name does not take the words or the names beside it into its
 * own order (two Arabic names in a list read in the wrong order, the comma between them moved).
 */
export const isolated = (name: string) => `\u2068${name}\u2069`;
