export type ToastKind = "success" | "error" | "info";
export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

let nextId = 1;
export const toasts: Toast[] = $state([]);

export function dismissToast(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

export function showToast(kind: ToastKind, text: string, ms = kind === "error" ? 10000 : 4000): number {
  const id = nextId++;
  toasts.push({ id, kind, text });
  if (toasts.length > 3) toasts.splice(0, toasts.length - 3);
  if (ms > 0) setTimeout(() => dismissToast(id), ms);
  return id;
}

export function clearToasts(): void {
  toasts.splice(0, toasts.length);
}
