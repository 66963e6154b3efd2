import avif1080 from '../assets/login-art-1080.avif';
import jpg1080 from '../assets/login-art-1080.jpg';
import webp1080 from '../assets/login-art-1080.webp';
import avif360 from '../assets/login-art-360.avif';
import jpg360 from '../assets/login-art-360.jpg';
import webp360 from '../assets/login-art-360.webp';
import avif720 from '../assets/login-art-720.avif';
import jpg720 from '../assets/login-art-720.jpg';
import webp720 from '../assets/login-art-720.webp';
import { LOGIN_ART } from './login-art-sizes.ts';
import { ResponsiveImage } from './ResponsiveImage.tsx';

const [w1, w2, w3] = LOGIN_ART.widths;

/**
 * The login page's artwork (scripts/render-login-art.ts renders it): the first thing on the page, so loaded eagerly
 * and at high priority (index.html preloads its AVIF on /login: see route-preload-plugin.ts).
 */
export function LoginArt() {
  return (
    <ResponsiveImage
      className="login-art"
      avif={[
        [avif360, w1],
        [avif720, w2],
        [avif1080, w3],
      ]}
      webp={[
        [webp360, w1],
        [webp720, w2],
        [webp1080, w3],
      ]}
      fallback={[
        [jpg360, w1],
        [jpg720, w2],
        [jpg1080, w3],
      ]}
      width={LOGIN_ART.width}
      height={LOGIN_ART.height}
      sizes={LOGIN_ART.sizes}
      alt=""
      loading="eager"
      fetchPriority="high"
    />
  );
}
