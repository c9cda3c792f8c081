<section class="ageing-box" aria-labelledby="ageing-box-title">
  <h2 id="ageing-box-title">Ageing <span class="hint">(as of <?cs var:Ageing.Date ?>)</span></h2>
<?cs if:Ageing.Owing ?>
  <table class="list ageing">
    <thead>
      <tr>
<?cs each:b = Ageing.Buckets ?>
        <th scope="col" class="num"><?cs var:b.Label ?></th>
<?cs /each ?>
        <th scope="col" class="num">Total</th>
      </tr>
    </thead>
    <tbody>
      <tr>
<?cs each:b = Ageing.Buckets ?>
        <td class="num"><?cs var:b.Amount ?></td>
<?cs /each ?>
        <td class="num"><?cs var:Ageing.Total ?></td>
      </tr>
    </tbody>
  </table>
<?cs else ?>
  <p class="note">Nothing is owed.</p>
<?cs /if ?>
</section>
