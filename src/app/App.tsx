import { useEffect, useState } from 'react';
import { Home } from './Home';
import { MapPage } from './MapPage';

/** Two routes: the maps this browser knows (/), and one map (/m/<mapId>#token=…). */
export function App() {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const match = /^\/m\/([A-Za-z0-9_-]{1,64})\/?$/.exec(path);
  return match ? <MapPage key={match[1]} mapId={match[1]} /> : <Home />;
}
