import { useEffect, useState } from 'react';
import { Home } from './Home';
import { MapPage } from './MapPage';

/** Two routes: the maps this browser knows (/), and one map (/m/<mapId>#token=…). */
export function App() {
  const [where, setWhere] = useState(() => location.pathname + location.hash);
  useEffect(() => {
    // A link pasted into the same tab may differ only in its #token: that is another session.
    const onChange = () => setWhere(location.pathname + location.hash);
    window.addEventListener('popstate', onChange);
    window.addEventListener('hashchange', onChange);
    return () => {
      window.removeEventListener('popstate', onChange);
      window.removeEventListener('hashchange', onChange);
    };
  }, []);
  const match = /^\/m\/([A-Za-z0-9_-]{1,64})\/?(#.*)?$/.exec(where);
  return match ? <MapPage key={where} mapId={match[1]} /> : <Home />;
}
