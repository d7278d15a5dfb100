// Test articles that spell one name two ways, for the tests of name variants (variants_test.cpp,
// watch_test.cpp): Trump as ترمب (as Asharq Al-Awsat does; corpus/ writes ترامب), and Facebook
// beside فيسبوك.
#pragma once

#include <filesystem>
#include <string>

#include "test_util.h"

namespace fahras::test {

// Writes `trump_articles` (at most 6) articles about Trump spelt ترمب into `dir`, and three about
// Facebook (two with فيسبوك (Facebook), one with Facebook alone).
inline void write_test_articles(const std::filesystem::path& dir, int trump_articles) {
  static const char* const kTrump[] = {
      "ترمب يلتقي رئيس الوزراء الياباني\nالتقى الرئيس الأمريكي دونالد ترمب رئيس الوزراء الياباني في البيت الأبيض لبحث التجارة.\n",
      "ترمب يهدد بفرض رسوم جمركية\nهدد الرئيس دونالد ترمب بفرض رسوم جديدة على واردات الصلب والألمنيوم.\n",
      "الكونغرس يناقش خطة ترمب للهجرة\nيناقش الكونغرس خطة الرئيس ترمب لإصلاح نظام الهجرة وبناء الجدار.\n",
      "ترمب في قمة العشرين\nوصل دونالد ترمب إلى الأرجنتين للمشاركة في قمة مجموعة العشرين.\n",
      "البيت الأبيض: ترمب سيزور بريطانيا\nأعلن البيت الأبيض أن الرئيس ترمب سيزور بريطانيا الشهر المقبل.\n",
      "ترمب يعين مستشارا جديدا\nعين الرئيس ترمب مستشارا جديدا للأمن القومي بعد استقالة سلفه.\n",
  };
  for (int i = 0; i < trump_articles; ++i) {
    write_file(dir / ("trump" + std::to_string(i) + ".txt"), kTrump[i]);
  }
  write_file(dir / "facebook0.txt",
      "فيسبوك تحذف حسابات وهمية\nأعلنت شركة فيسبوك (Facebook) أنها حذفت مئات الحسابات الوهمية.\n");
  write_file(dir / "facebook1.txt",
      "غرامة على فيسبوك\nفرضت هيئة حماية البيانات غرامة على فيسبوك (Facebook) بسبب تسريب بيانات.\n");
  write_file(dir / "facebook2.txt",
      "Facebook changes its name\nأعلنت شركة Facebook تغيير اسمها إلى ميتا في مؤتمر المطورين.\n");
}

}  // namespace fahras::test
