import { useEffect, type ReactNode } from 'react';

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  /** Links above the title, e.g. back to the list. */
  breadcrumb?: ReactNode;
  actions?: ReactNode;
}

/** The page's h1, which also names the browser tab. */
export function PageHeader({ title, description, breadcrumb, actions }: PageHeaderProps) {
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
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}
