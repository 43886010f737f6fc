/**
 * The origin of every transaction this page makes through a command. The undo manager tracks
 * only this origin, so undo reverts your own changes, never a colleague's (which arrive with the
 * provider as their origin).
 */
export const LOCAL_ORIGIN = Symbol('stallmap-local');
