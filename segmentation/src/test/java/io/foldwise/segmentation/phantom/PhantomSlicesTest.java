package io.foldwise.segmentation.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.volume.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-case slice counts and real spacings (the paper-scale rehearsal's phantoms). */
class PhantomSlicesTest {
  /** The rehearsal's spec at a small in-plane size: 20 cases, 39..301 slices, the last 10 windowed. */
  private static PhantomSpec rehearsal(long seed) {
    return new PhantomSpec(20, seed, new int[] {16, 16, 301}, PhantomSpec.DEFAULT_NOISE_HU, 10)
        .withSlices(39, 301);
  }

  private static List<Integer> slices(PhantomSpec spec, boolean windowed) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < spec.cases(); i++) {
      if (spec.isWindowed(i) == windowed) {
        out.add(spec.caseShape(i)[2]);
      }
    }
    return out;
  }

  @Test
  void withoutSlicesEveryCaseHasTheShape() {
    PhantomSpec spec = PhantomSpec.of(3, 5).withShape(new int[] {32, 24, 12});
    assertNull(spec.slices());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(new int[] {32, 24, 12}, spec.caseShape(i));
    }
    assertEquals(spec, new PhantomSpec(3, 5, new int[] {32, 24, 12}, PhantomSpec.DEFAULT_NOISE_HU, 0, null));
  }

  @Test
  void slicesSpreadOverTheRangeWindowedCasesTakeTheLowerHalf() {
    PhantomSpec spec = rehearsal(3757476);
    List<Integer> hu = slices(spec, false);
    List<Integer> windowed = slices(spec, true);
    List<Integer> huSorted = hu.stream().sorted().toList();
    List<Integer> windowedSorted = windowed.stream().sorted().toList();
    // (39 + 301) / 2 = 170: windowed cases evenly over 39..170, HU cases over 170..301, both ends included
    assertEquals(List.of(39, 54, 68, 83, 97, 112, 126, 141, 155, 170), windowedSorted);
    assertEquals(List.of(170, 185, 199, 214, 228, 243, 257, 272, 286, 301), huSorted);
    assertTrue(!hu.equals(huSorted) || !windowed.equals(windowedSorted), "dealt in a seeded order: " + hu + windowed);
    for (int i = 0; i < 20; i++) {
      int[] s = spec.caseShape(i);
      assertEquals(16, s[0]);
      assertEquals(16, s[1]);
    }
  }

  @Test
  void theDealIsSeededAndReproducible() {
    PhantomSpec a = rehearsal(1);
    PhantomSpec b = rehearsal(2);
    int[] first = new int[20];
    int[] again = new int[20];
    int[] other = new int[20];
    for (int i = 0; i < 20; i++) {
      first[i] = a.caseShape(i)[2];
      again[i] = rehearsal(1).caseShape(i)[2];
      other[i] = b.caseShape(i)[2];
    }
    assertArrayEquals(first, again);
    assertTrue(!Arrays.equals(first, other), "another seed deals otherwise: " + Arrays.toString(first));
    int[] sortedFirst = first.clone();
    int[] sortedOther = other.clone();
    Arrays.sort(sortedFirst);
    Arrays.sort(sortedOther);
    assertArrayEquals(sortedFirst, sortedOther, "the same counts, in another order");
  }

  @Test
  void withoutWindowedCasesTheWholeRangeIsSpread() {
    PhantomSpec spec = new PhantomSpec(5, 9, new int[] {16, 16, 60}, 20, 0).withSlices(20, 60);
    assertEquals(List.of(20, 30, 40, 50, 60), slices(spec, false).stream().sorted().toList());
  }

  @Test
  void generatedCasesHaveTheirSlicesAndRealSpacings() {
    PhantomSpec spec = new PhantomSpec(4, 21, new int[] {16, 16, 120}, 20, 2).withSlices(8, 120);
    for (int i = 0; i < 4; i++) {
      PhantomGenerator.Generated g = PhantomGenerator.generate(spec, i);
      Sample s = g.sample();
      int[] shape = spec.caseShape(i);
      assertArrayEquals(shape, new int[] {s.image().geometry().nx(), s.image().geometry().ny(),
          s.image().geometry().nz()});
      assertArrayEquals(shape, g.description().shape());
      double[] sp = s.image().geometry().spacing();
      assertTrue(sp[0] >= 39 / 64.0 && sp[0] <= 51 / 64.0 && sp[0] == sp[1], Arrays.toString(sp));
      assertTrue(sp[2] >= 1 && sp[2] <= 5 && sp[2] * 8 == Math.rint(sp[2] * 8), Arrays.toString(sp));
      double coverage = sp[2] * shape[2];
      double rounding = shape[2] / 16.0; // thickness in 1/8 mm
      assertTrue(sp[2] == 5 || sp[2] == 1 || (coverage >= 240 - rounding && coverage <= 320 + rounding),
          "thickness covers a chest: " + Arrays.toString(sp) + " x " + shape[2]);
      assertEquals(spec.isWindowed(i), g.description().windowed());
      if (spec.isWindowed(i)) {
        assertTrue(shape[2] <= 64, "windowed cases have few slices: " + shape[2]);
        assertTrue(sp[2] >= 3.75, "few slices are thick: " + Arrays.toString(sp));
      }
      PhantomGenerator.Generated again = PhantomGenerator.generate(spec, i);
      assertArrayEquals(s.image().data(), again.sample().image().data());
      assertArrayEquals(sp, again.sample().image().geometry().spacing());
    }
    // a thin HU case: 120 slices cover 240..320 mm at 2..2.625 mm
    int most = -1;
    for (int i = 0; i < 2; i++) {
      if (spec.caseShape(i)[2] == 120) {
        most = i;
      }
    }
    double[] sp = PhantomGenerator.generate(spec, most).sample().image().geometry().spacing();
    assertTrue(sp[2] >= 2 && sp[2] <= 2.625, Arrays.toString(sp));
  }

  @Test
  void realSpacingLeavesTheAnatomyStreamAlone() {
    PhantomSpec plain = new PhantomSpec(2, 4, new int[] {16, 16, 12}, 20, 0);
    PhantomSpec sliced = plain.withSlices(12, 12);
    assertArrayEquals(PhantomGenerator.generate(plain, 1).sample().label().data(),
        PhantomGenerator.generate(sliced, 1).sample().label().data());
  }

  @Test
  void sliceValidationMessages() {
    int[] shape = {16, 16, 301};
    assertEquals("slices must be [min, max] with 4 <= min <= max, got [301, 39]",
        assertThrows(IllegalArgumentException.class,
            () -> new PhantomSpec(20, 1, shape, 20, 10, new int[] {301, 39})).getMessage());
    assertEquals("slices must be [min, max] with 4 <= min <= max, got [2, 301]",
        assertThrows(IllegalArgumentException.class,
            () -> new PhantomSpec(20, 1, shape, 20, 10, new int[] {2, 301})).getMessage());
    assertEquals("slices must be [min, max] with 4 <= min <= max, got [39]",
        assertThrows(IllegalArgumentException.class,
            () -> new PhantomSpec(20, 1, shape, 20, 10, new int[] {39})).getMessage());
    assertEquals("slices [39, 200] must end at shape's z (301), the largest case",
        assertThrows(IllegalArgumentException.class,
            () -> new PhantomSpec(20, 1, shape, 20, 10, new int[] {39, 200})).getMessage());
    assertEquals("index must be in 0..19, got 20",
        assertThrows(IllegalArgumentException.class, () -> rehearsal(1).caseShape(20)).getMessage());
  }
}
