package io.foldwise.segmentation.nifti;

/**
 * Conversions between the NIfTI qform (quaternion, offsets, pixdim and qfac) and a 4x4 affine,
 * following nifti1_io.c ({@code nifti_quatern_to_mat44} and {@code nifti_mat44_to_quatern}).
 */
final class NiftiOrientation {
  private NiftiOrientation() {}

  /** The row-major 4x4 affine of a qform. {@code pixdim[0]} is qfac (0 is taken as 1). */
  static double[] qformToAffine(double[] quatern, double[] qoffset, double[] pixdim) {
    double b = quatern[0];
    double c = quatern[1];
    double d = quatern[2];
    double a = 1.0 - (b * b + c * c + d * d);
    if (a < 1.0e-7) {
      a = 1.0 / Math.sqrt(b * b + c * c + d * d);
      b *= a;
      c *= a;
      d *= a;
      a = 0.0;
    } else {
      a = Math.sqrt(a);
    }
    double xd = pixdim[1] > 0 ? pixdim[1] : 1.0;
    double yd = pixdim[2] > 0 ? pixdim[2] : 1.0;
    double zd = pixdim[3] > 0 ? pixdim[3] : 1.0;
    if (pixdim[0] < 0) {
      zd = -zd;
    }
    return new double[] {
      (a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, qoffset[0],
      2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, qoffset[1],
      2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, qoffset[2],
      0, 0, 0, 1
    };
  }

  /**
   * The qform of an affine whose 3x3 part is a rotation (possibly with a flip) times a diagonal
   * scaling: {b, c, d, qx, qy, qz, dx, dy, dz, qfac}. Returns null when the columns are not
   * orthogonal (shear), which a qform cannot represent.
   */
  static double[] affineToQform(double[] m) {
    double r11 = m[0], r12 = m[1], r13 = m[2];
    double r21 = m[4], r22 = m[5], r23 = m[6];
    double r31 = m[8], r32 = m[9], r33 = m[10];
    double xd = Math.sqrt(r11 * r11 + r21 * r21 + r31 * r31);
    double yd = Math.sqrt(r12 * r12 + r22 * r22 + r32 * r32);
    double zd = Math.sqrt(r13 * r13 + r23 * r23 + r33 * r33);
    if (xd == 0 || yd == 0 || zd == 0) {
      return null;
    }
    r11 /= xd; r21 /= xd; r31 /= xd;
    r12 /= yd; r22 /= yd; r32 /= yd;
    r13 /= zd; r23 /= zd; r33 /= zd;
    double tol = 1e-4;
    if (Math.abs(r11 * r12 + r21 * r22 + r31 * r32) > tol
        || Math.abs(r11 * r13 + r21 * r23 + r31 * r33) > tol
        || Math.abs(r12 * r13 + r22 * r23 + r32 * r33) > tol) {
      return null;
    }
    double det = r11 * (r22 * r33 - r32 * r23) - r12 * (r21 * r33 - r31 * r23) + r13 * (r21 * r32 - r31 * r22);
    double qfac = 1.0;
    if (det < 0) {
      qfac = -1.0;
      r13 = -r13;
      r23 = -r23;
      r33 = -r33;
    }
    double a = r11 + r22 + r33 + 1.0;
    double b, c, d;
    if (a > 0.5) {
      a = 0.5 * Math.sqrt(a);
      b = 0.25 * (r32 - r23) / a;
      c = 0.25 * (r13 - r31) / a;
      d = 0.25 * (r21 - r12) / a;
    } else {
      double xx = 1.0 + r11 - (r22 + r33);
      double yy = 1.0 + r22 - (r11 + r33);
      double zz = 1.0 + r33 - (r11 + r22);
      if (xx > 1.0) {
        b = 0.5 * Math.sqrt(xx);
        c = 0.25 * (r12 + r21) / b;
        d = 0.25 * (r13 + r31) / b;
        a = 0.25 * (r32 - r23) / b;
      } else if (yy > 1.0) {
        c = 0.5 * Math.sqrt(yy);
        b = 0.25 * (r12 + r21) / c;
        d = 0.25 * (r23 + r32) / c;
        a = 0.25 * (r13 - r31) / c;
      } else {
        d = 0.5 * Math.sqrt(zz);
        b = 0.25 * (r13 + r31) / d;
        c = 0.25 * (r23 + r32) / d;
        a = 0.25 * (r21 - r12) / d;
      }
      if (a < 0.0) {
        b = -b;
        c = -c;
        d = -d;
      }
    }
    return new double[] {b, c, d, m[3], m[7], m[11], xd, yd, zd, qfac};
  }
}
