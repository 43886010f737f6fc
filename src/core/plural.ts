/**
 * A count and its word, the word plural unless the count is one: "1 step", "2 steps",
 * "1,200 joins", "3 people" (the plural given where adding an s is wrong). One rule for every
 * count the page, the pictures and the plan put in words.
 */
export const plural = (n: number, word: string, words = `${word}s`): string => `${n.toLocaleString('en')} ${n === 1 ? word : words}`;
