import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router-dom';

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  /** Links above the title, e.g. back to the list. */
  breadcrumb?: ReactNode;
  actions?: ReactNode;
  /** The page's main next step, shown after the actions as a primary button. */
  primaryLink?: { to: string; label: string };
}

/** The page's h1, which also names the browser tab. */
export function PageHeader({ title, description, breadcrumb, actions, primaryLink }: PageHeaderProps) {
  useEffect(() => {
    document.title = `${title} · mnist-lab`;
  }, [title]);
  return (
    <div className="page-header">
      <div>
        {breadcrumb && <div className="breadcrumb">{breadcrumb}</div>}
        <h1>{title}</h1>
        {description && <p>{description}</p>}
      </div>
      {(actions || primaryLink) && (
        <div className="row">
          {actions}
          {primaryLink && (
            <Link className="btn btn-primary" to={primaryLink.to}>
              {primaryLink.label}
            </Link>
          )}
        </div>
      )}
    </div>
  );
}
