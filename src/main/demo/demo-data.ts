import { seededRandom } from '../../shared/seeded-random.ts';

// Names and words for a believable demo shop: a tea and homeware store selling in China and abroad.

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
export const GIVEN_NAMES = ['秀英', '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '晓东'];
export const FIRST_NAMES = ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sophia', 'Mason', 'Chloe', 'Leo', 'Grace', 'Jack', 'Ruby', 'Oscar'];
export const LAST_NAMES = ['Smith', 'Müller', 'Brown', 'Rossi', 'Dubois', 'Tanaka', 'Nguyen', 'Johnson', 'García', 'Kowalski', 'Jensen', 'Wilson'];
export const CITIES: readonly { city: string; region: string; country: string; street: string }[] = [
  { city: '上海', region: '上海市', country: 'CN', street: '南京西路' },
  { city: '北京', region: '北京市', country: 'CN', street: '建国门外大街' },
  { city: '杭州', region: '浙江省', country: 'CN', street: '西湖大道' },
  { city: '广州', region: '广东省', country: 'CN', street: '天河路' },
  { city: '成都', region: '四川省', country: 'CN', street: '春熙路' },
  { city: 'London', region: 'Greater London', country: 'GB', street: 'Baker Street' },
  { city: 'Berlin', region: 'Berlin', country: 'DE', street: 'Friedrichstraße' },
  { city: 'San Francisco', region: 'CA', country: 'US', street: 'Market Street' },
];

/** Product families: English name, Chinese name, base price in fen, weight in grams. */
export const FAMILIES: readonly { code: string; en: string; zh: string; price: number; grams: number }[] = [
  { code: 'TEA-GRN', en: 'Green tea', zh: '绿茶', price: 4800, grams: 250 },
  { code: 'TEA-OOL', en: 'Oolong tea', zh: '乌龙茶', price: 6800, grams: 250 },
  { code: 'TEA-PUE', en: "Pu'er tea cake", zh: '普洱茶饼', price: 12800, grams: 357 },
  { code: 'TEA-JAS', en: 'Jasmine tea', zh: '茉莉花茶', price: 3900, grams: 200 },
  { code: 'TEA-BLK', en: 'Black tea', zh: '红茶', price: 5600, grams: 250 },
  { code: 'CUP-POR', en: 'Porcelain cup', zh: '瓷杯', price: 2500, grams: 180 },
  { code: 'POT-CLY', en: 'Clay teapot', zh: '紫砂壶', price: 36800, grams: 420 },
  { code: 'SET-GFT', en: 'Gift tea set', zh: '茶具礼盒', price: 49900, grams: 1800 },
  { code: 'BWL-RIC', en: 'Rice bowl', zh: '饭碗', price: 1800, grams: 300 },
  { code: 'CHP-BAM', en: 'Bamboo chopsticks (10 pairs)', zh: '竹筷子（10双）', price: 1500, grams: 150 },
];

export const VARIANTS: readonly { code: string; en: string; zh: string; factor: number }[] = [
  { code: 'S', en: 'small', zh: '小号', factor: 80 },
  { code: 'M', en: 'standard', zh: '标准', factor: 100 },
  { code: 'L', en: 'large', zh: '大号', factor: 150 },
  { code: 'P', en: 'premium', zh: '特级', factor: 220 },
  { code: 'G', en: 'gift box', zh: '礼盒装', factor: 260 },
];

export const CHANNELS = ['shop', 'shop', 'shop', 'phone', 'wechat', 'taobao', 'shopify'] as const;

/** Seeded helpers: the same seed builds the same demo shop. */
export function prng(seed: number): { next(): number; int(min: number, max: number): number; pick<T>(xs: readonly T[]): T } {
  const next = seededRandom(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  };
}
