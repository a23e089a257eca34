import { useEffect, useState } from 'react';
import { useApi } from './useApi';

/**
 * A browser URL for a file fetched with the API key, for an <img> (which cannot send the key
 * itself); revoked when the file changes or the component goes.
 */
export function useObjectUrl(key: string, load: (signal: AbortSignal) => Promise<Blob>): { url: string | undefined; failed: boolean } {
  const { data, error } = useApi(key, load);
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!data) return;
    const objectUrl = URL.createObjectURL(data);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [data]);
  return { url: data ? url : undefined, failed: error !== undefined };
}
