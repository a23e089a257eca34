import type { MouseEvent } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { useAccess } from '../auth/access-context';
import { SessionControls } from '../auth/SessionControls';

/** The pages; `write` ones are left out for a viewer of the current project. */
const NAV_ITEMS = [
  { to: '/runs', label: 'Runs' },
  { to: '/sweeps', label: 'Sweeps' },
  { to: '/compare', label: 'Compare' },
  { to: '/models', label: 'Models' },
  { to: '/playground', label: 'Playground', write: true },
  { to: '/submit', label: 'New experiment', write: true },
  { to: '/workers', label: 'Workers' },
] as const;

/**
 * Sidebar navigation (a top bar on narrow screens) with the session's project and key, around the
 * current page. The page is remounted when the project changes, so everything it lists reloads.
 */
export function Layout() {
  const { project, can } = useAccess();
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
              {NAV_ITEMS.filter((item) => !('write' in item) || can('write')).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <SessionControls />
        </header>
        <main id="main" className="content" tabIndex={-1}>
          <Outlet key={project} />
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
