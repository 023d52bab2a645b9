// The colour theme: the user's choice (stored in localStorage) or, without one, the system's
// prefers-color-scheme. Charts read `theme.dark` so they redraw when it changes.
const KEY = 'c4m-theme';

class Theme {
  choice = $state<'light' | 'dark' | null>(null);
  systemDark = $state(false);
  get dark(): boolean {
    return this.choice === null ? this.systemDark : this.choice === 'dark';
  }

  /** Reads the stored choice and follows the system setting; call once in the browser. */
  init(): () => void {
    const stored = localStorage.getItem(KEY);
    this.choice = stored === 'dark' || stored === 'light' ? stored : null;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    this.systemDark = media.matches;
    const onChange = (e: MediaQueryListEvent): void => {
      this.systemDark = e.matches;
    };
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }

  toggle(): void {
    this.choice = this.dark ? 'light' : 'dark';
    localStorage.setItem(KEY, this.choice);
    document.documentElement.dataset.theme = this.choice;
  }
}

export const theme = new Theme();
