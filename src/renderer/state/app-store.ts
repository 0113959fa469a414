import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Language } from '../i18n/index.ts';

export type SavedView = { readonly name: string; readonly filters: Readonly<Record<string, unknown>> };

type AppState = {
  language: Language;
  helpOpen: boolean;
  savedViews: SavedView[];
  setLanguage(language: Language): void;
  setHelpOpen(open: boolean): void;
  saveView(view: SavedView): void;
  removeView(name: string): void;
};

function initialLanguage(): Language {
  const tag = typeof navigator === 'undefined' ? 'en' : navigator.language;
  return tag.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Client state only (never ledger data): language, help drawer, saved list views; remembered. */
export const useAppStore = create<AppState>()(
  persist(
    (set) => ({
      language: initialLanguage(),
      helpOpen: false,
      savedViews: [],
      setLanguage: (language) => set({ language }),
      setHelpOpen: (helpOpen) => set({ helpOpen }),
      saveView: (view) => set((s) => ({ savedViews: [...s.savedViews.filter((v) => v.name !== view.name), view] })),
      removeView: (name) => set((s) => ({ savedViews: s.savedViews.filter((v) => v.name !== name) })),
    }),
    { name: 'shopledger.ui', partialize: (s) => ({ language: s.language, savedViews: s.savedViews }) },
  ),
);
