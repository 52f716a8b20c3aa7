// re-renders at most every `ms` while a source keeps changing (counts next to a fast stream).
import { useEffect, useState } from 'react';

export function useThrottledVersion(subscribe: (fn: () => void) => () => void, ms = 500): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribe(() => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setVersion((v) => v + 1);
      }, ms);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [subscribe, ms]);
  return version;
}
