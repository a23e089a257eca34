import type { MouseEvent } from 'react';
import { NavLink, Outlet } from 'react-router-dom';

const NAV_ITEMS = [
  { to: '/runs', label: 'Runs' },
  { to: '/sweeps', label: 'Sweeps' },
  { to: '/compare', label: 'Compare' },
  { to: '/models', label: 'Models' },
  { to: '/playground', label: 'Playground' },
  { to: '/submit', label: 'New experiment' },
  { to: '/workers', label: 'Workers' },
] as const;

/** Sidebar navigation (a top bar on narrow screens) around the current page. */
export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <div className="app">
        <header className="sidebar">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              7
            </span>
            mnist-lab
          </div>
          <nav aria-label="Main">
            <ul className="nav">
              {NAV_ITEMS.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </>
  );
}

/** With hash routing, "#main" would be read as a route: move focus to the content instead. */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
