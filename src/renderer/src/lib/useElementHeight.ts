import { useEffect, useRef, useState } from 'react';

// Height of an element as the window resizes; virtual tables need a number for scroll.y.
export function useElementHeight<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [height, setHeight] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setHeight(Math.floor(entry?.contentRect.height ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, height];
}
